//! Compiles the translation files in `locales/` into a `Msg` enum, so a missing or misspelt
//! key is a build error rather than a blank on screen.
use std::collections::BTreeMap;
use std::{env, fs, path::Path};

const LOCALES: [&str; 2] = ["vi", "en"];

fn parse(path: &Path) -> BTreeMap<String, String> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("{}:{}: expected `key = value`", path.display(), n + 1));
        let key = key.trim().to_string();
        assert!(
            key.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}:{}: key `{key}` must be lowercase-with-dashes",
            path.display(),
            n + 1
        );
        if out.insert(key.clone(), value.trim().to_string()).is_some() {
            panic!("{}:{}: duplicate key `{key}`", path.display(), n + 1);
        }
    }
    out
}

fn variant(key: &str) -> String {
    key.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn main() {
    let dir = Path::new("locales");
    println!("cargo:rerun-if-changed=locales");
    let tables: Vec<_> = LOCALES
        .iter()
        .map(|l| {
            let p = dir.join(format!("{l}.ftl"));
            println!("cargo:rerun-if-changed={}", p.display());
            parse(&p)
        })
        .collect();
    let keys: Vec<&String> = tables[0].keys().collect();
    for (l, t) in LOCALES.iter().zip(&tables).skip(1) {
        let other: Vec<&String> = t.keys().collect();
        if other != keys {
            let missing: Vec<_> = keys.iter().filter(|k| !t.contains_key(**k)).collect();
            let extra: Vec<_> = other
                .iter()
                .filter(|k| !tables[0].contains_key(**k))
                .collect();
            panic!("locales/{l}.ftl differs from vi.ftl: missing {missing:?}, extra {extra:?}");
        }
    }
    let mut src = String::from(
        "/// Every user-visible text, one variant per key in `locales/*.ftl`.\n\
         #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum Msg {\n",
    );
    for k in &keys {
        src += &format!("    {},\n", variant(k));
    }
    src += "}\n\n";
    for (l, t) in LOCALES.iter().zip(&tables) {
        src += &format!("static {}: [&str; {}] = [\n", l.to_uppercase(), keys.len());
        for v in t.values() {
            src += &format!("    {v:?},\n");
        }
        src += "];\n";
    }
    src += "impl Msg {\n    /// The text in `lang`, with `{ $name }` placeholders left in.\n    \
            pub fn raw(self, lang: Lang) -> &'static str {\n        match lang {\n";
    for l in LOCALES {
        let mut c = l.chars();
        let name = c
            .next()
            .map(|f| f.to_ascii_uppercase().to_string())
            .unwrap_or_default()
            + c.as_str();
        src += &format!(
            "            Lang::{name} => {}[self as usize],\n",
            l.to_uppercase()
        );
    }
    src += "        }\n    }\n\n    /// The key as written in the translation files.\n    \
            pub fn key(self) -> &'static str {\n        KEYS[self as usize]\n    }\n}\n";
    src += &format!("static KEYS: [&str; {}] = [\n", keys.len());
    for k in &keys {
        src += &format!("    {k:?},\n");
    }
    src += "];\n";
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("messages.rs");
    fs::write(out, src).expect("write messages.rs");
}
