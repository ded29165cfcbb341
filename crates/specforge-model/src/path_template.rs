//! Endpoint path templates (`/a/{x}/b/{y}`): their parameter names and their shape with the
//! names blanked, shared by extraction (one template written with two spellings) and the
//! OpenAPI checks (templates OpenAPI cannot tell apart).

/// The `{name}` parameters of a path template, in order (repeats kept); an unclosed `{`
/// ends the list.
pub fn parameters(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        out.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    out
}

/// The template with every parameter name blanked (`/a/{x}` → `/a/{}`): two paths with one
/// shape are one template to OpenAPI.
pub fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push('{');
            }
            '}' => {
                inside = false;
                out.push('}');
            }
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_and_shape() {
        assert_eq!(parameters("/a/{x}/b/{y}"), ["x", "y"]);
        assert_eq!(parameters("/a/{x}/b/{x}"), ["x", "x"]);
        assert_eq!(parameters("/a/{x"), Vec::<String>::new());
        assert_eq!(shape("/a/{x}/b/{y}"), "/a/{}/b/{}");
        assert_eq!(shape("/a/b"), "/a/b");
    }
}
