//! A local SMTP server for tests: speaks enough SMTP for a real client (lettre) to deliver,
//! keeps every message, refuses any recipient whose address starts with "bounce" for good
//! (550), and can be taken down (421 at the greeting, a temporary failure).
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    pub to: Vec<String>,
    pub data: String,
}

#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    down: Arc<AtomicBool>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let sink = SmtpSink {
            port,
            received: Arc::default(),
            down: Arc::default(),
        };
        let s = sink.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move {
                    let _ = s.session(socket).await;
                });
            }
        });
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    async fn session(&self, socket: tokio::net::TcpStream) -> std::io::Result<()> {
        let (r, mut w) = socket.into_split();
        let mut lines = BufReader::new(r).lines();
        if self.down.load(Ordering::SeqCst) {
            w.write_all(b"421 4.3.2 service not available\r\n").await?;
            return Ok(());
        }
        w.write_all(b"220 sink ESMTP\r\n").await?;
        let mut to = Vec::new();
        while let Some(line) = lines.next_line().await? {
            let upper = line.to_ascii_uppercase();
            let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                b"250-sink\r\n250 8BITMIME\r\n"
            } else if upper.starts_with("MAIL FROM") {
                to.clear();
                b"250 OK\r\n"
            } else if upper.starts_with("RCPT TO") {
                let addr = line[8..]
                    .trim()
                    .trim_start_matches(':')
                    .trim()
                    .trim_matches(['<', '>'])
                    .to_string();
                if addr.to_ascii_lowercase().starts_with("bounce") {
                    b"550 5.1.1 mailbox unavailable\r\n"
                } else {
                    to.push(addr);
                    b"250 OK\r\n"
                }
            } else if upper == "DATA" {
                w.write_all(b"354 end with .\r\n").await?;
                let mut data = String::new();
                while let Some(l) = lines.next_line().await? {
                    if l == "." {
                        break;
                    }
                    data.push_str(&l);
                    data.push('\n');
                }
                self.received.lock().expect("lock").push(Received {
                    to: to.clone(),
                    data,
                });
                b"250 OK queued\r\n"
            } else if upper == "QUIT" {
                w.write_all(b"221 bye\r\n").await?;
                return Ok(());
            } else {
                b"250 OK\r\n"
            };
            w.write_all(reply).await?;
        }
        Ok(())
    }
}
