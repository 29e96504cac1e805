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

    // Bodies read as large ones (into their frame, checked member by
    // member): the same messages forwarded, the same errors answered.
    let large = first as usize % 200 + 2;
    let mut g = Framer::new(MAX_BODY).large_from(large);
    let mut as_large = Vec::new();
    for c in rest.chunks(size) {
        g.push(c, &mut as_large);
        assert!(g.buffered() <= MAX_BODY + 2 * 8192 + size, "buffered {}", g.buffered());
    }
    assert_eq!(whole.len(), as_large.len(), "large from {large}: {whole:?} / {as_large:?}");
    for (a, b) in whole.iter().zip(&as_large) {
        match (a, b) {
            (Event::Forward { .. }, Event::Forward { .. }) => assert_eq!(a, b),
            (Event::Reply { frame: fa, .. }, Event::Reply { frame: fb, .. }) => {
                let (va, vb): (Value, Value) = (serde_json::from_slice(split(fa).1).unwrap(), serde_json::from_slice(split(fb).1).unwrap());
                assert_eq!((&va["id"], &va["error"]["code"]), (&vb["id"], &vb["error"]["code"]), "large from {large}");
            }
            _ => panic!("large from {large}: {a:?} / {b:?}"),
        }
    }

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
