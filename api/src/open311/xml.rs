//! A small XML writer for Open311's documents. Every GeoReport v2 XML response is the JSON
//! one with element names for the arrays (`<services><service>…`), so the XML is written
//! from the same [`Doc`] the JSON answer is built from: the two formats cannot drift apart.
//! Text is escaped; nulls become empty elements, as the spec's examples show.

use super::doc::Doc;

/// The element name of one item of an array held under `list`, per the spec's examples.
fn item_name(list: &str) -> &str {
    match list {
        "services" => "service",
        "service_requests" => "request",
        "errors" => "error",
        "endpoints" => "endpoint",
        "formats" => "format",
        "attributes" => "attribute",
        "values" => "value",
        _ => "item",
    }
}

/// Escapes text for element content.
fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters at all; drop them.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
}

fn open(name: &str, out: &mut String) {
    out.push('<');
    out.push_str(name);
    out.push('>');
}

fn close(name: &str, out: &mut String) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn element(name: &str, value: &Doc, out: &mut String) {
    match value {
        Doc::Null => {
            out.push('<');
            out.push_str(name);
            out.push_str("/>");
            return;
        }
        Doc::List(items) => {
            open(name, out);
            let item = item_name(name);
            for value in items {
                element(item, value, out);
            }
        }
        Doc::Object(fields) => {
            open(name, out);
            for (key, value) in fields {
                element(key, value, out);
            }
        }
        Doc::Text(text) => {
            open(name, out);
            escape(text, out);
        }
        Doc::Number(n) => {
            open(name, out);
            out.push_str(&Doc::number_text(*n));
        }
        Doc::Bool(b) => {
            open(name, out);
            out.push_str(if *b { "true" } else { "false" });
        }
    }
    close(name, out);
}

/// A whole document: `root` wraps `value` (an array's items get their spec names).
pub fn document(root: &str, value: &Doc) -> String {
    let mut out = String::from(r#"<?xml version="1.0" encoding="utf-8"?>"#);
    element(root, value, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::super::doc::fields;
    use super::*;

    #[test]
    fn arrays_get_the_spec_element_names_and_text_is_escaped() {
        let xml = document(
            "services",
            &Doc::List(vec![fields! {
                "service_code" => "theft",
                "service_name" => "A & <B>",
                "group" => Option::<String>::None,
            }]),
        );
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><services><service>\
             <service_code>theft</service_code><service_name>A &amp; &lt;B&gt;</service_name>\
             <group/></service></services>"
        );
    }

    #[test]
    fn errors_nest_as_the_spec_shows() {
        let xml = document(
            "errors",
            &Doc::List(vec![fields! {"code" => 403u16, "description" => "no"}]),
        );
        assert!(xml.contains(
            "<errors><error><code>403</code><description>no</description></error></errors>"
        ));
    }
}
