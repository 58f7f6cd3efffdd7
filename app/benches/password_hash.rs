//! The bare cost of one argon2id hash with our parameters: the floor under a login.
//! `cargo bench -p app --features ssr --bench password_hash`
use std::time::{Duration, Instant};

fn main() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let runs = 21;
    let mut times: Vec<Duration> = (0..runs)
        .map(|i| {
            let start = Instant::now();
            rt.block_on(app::server::auth::hash_password(format!(
                "bench-password-{i}"
            )))
            .expect("hash");
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[runs / 2];
    println!(
        "argon2id m=19MiB t=2 p=1: median {:.1} ms over {runs} hashes (min {:.1}, max {:.1}); ~{:.0} hashes/s per core",
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[runs - 1].as_secs_f64() * 1e3,
        1.0 / median.as_secs_f64()
    );
}
