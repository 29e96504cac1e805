//! Arbitrary bytes through the message framing and JSON decoding in front of
//! tower-lsp: no panic, bounded buffering, the same events however the bytes
//! are chunked, only decodable messages forwarded, only well-formed error
//! responses written.
#![no_main]

use hyoka::lsp::transport::{Event, Framer, INVALID_REQUEST, PARSE_ERROR};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const MAX_BODY: usize = 4096;

fn split(frame: &[u8]) -> (usize, &[u8]) {
    let end = frame.windows(4).position(|w| w == b"\r\n\r\n").expect("a header end");
    let head = std::str::from_utf8(&frame[..end]).expect("an ASCII header");
    let len: usize = head.strip_prefix("Content-Length: ").expect("only a Content-Length header").parse().expect("a length");
    (len, &frame[end + 4..])
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let mut whole = Vec::new();
    Framer::new(MAX_BODY).push(rest, &mut whole);

    let size = first as usize % 64 + 1;
    let mut f = Framer::new(MAX_BODY);
    let mut chunked = Vec::new();
    for c in rest.chunks(size) {
        f.push(c, &mut chunked);
        assert!(f.buffered() <= MAX_BODY + 2 * 8192 + size, "buffered {}", f.buffered());
    }
    assert_eq!(whole, chunked, "chunks of {size} changed the events");

    for ev in &whole {
        match ev {
            Event::Forward { frame, .. } => {
                let (len, body) = split(frame);
                assert_eq!(len, body.len());
                assert!(len <= MAX_BODY);
                let v: Value = serde_json::from_slice(body).expect("a forwarded body is JSON");
                assert_eq!(v["jsonrpc"], "2.0");
            }
            Event::Reply { frame, .. } => {
                let (len, body) = split(frame);
                assert_eq!(len, body.len());
                let v: Value = serde_json::from_slice(body).expect("a reply is JSON");
                let code = v["error"]["code"].as_i64().unwrap();
                assert!(code == PARSE_ERROR || code == INVALID_REQUEST);
                assert!(v.get("id").is_some());
            }
        }
    }
});
