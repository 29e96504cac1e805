/* Wine 8 lacks bcryptprimitives.dll, where Rust's standard library finds
   ProcessPrng on Windows 10 and later. Only for running the Windows build
   under Wine in CI: ProcessPrng through RtlGenRandom (advapi32). */
#include <windows.h>
#define RtlGenRandom SystemFunction036
BOOLEAN NTAPI RtlGenRandom(PVOID buffer, ULONG length);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!RtlGenRandom(data, n)) return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
