//! Prints the Document read from a file as JSON (a debugging aid).
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump FILE");
    let bytes = std::fs::read(path).expect("readable file");
    let text = specforge_markdown::decode(&bytes, usize::MAX).expect("decodable");
    let (doc, diags) = specforge_markdown::read(&text);
    println!("{}", serde_json::to_string_pretty(&doc).unwrap());
    for d in diags {
        eprintln!("{:?}", d);
    }
}
