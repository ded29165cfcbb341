//! A throw-away PostgreSQL server for tests: initdb into a temporary folder, listen only on a
//! Unix socket in that folder, talk to it with `psql`, stop it on drop.
//!
//! As root, initdb refuses to run, so every server-side command runs as the `postgres` system
//! user (`runuser -u postgres --`) and the folder is handed to that user. When PostgreSQL is
//! missing, [`PgServer::start_or_skip`] fails under `SPECFORGE_REQUIRE_ORACLES=1` and
//! otherwise prints a loud SKIPPED line and returns `None`.
#![allow(dead_code)]

pub mod catalog;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// PostgreSQL binaries.
struct Bins {
    dir: PathBuf,
    psql: PathBuf,
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn find_bins() -> Option<Bins> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(initdb) = find_in_path("initdb") {
        let real = std::fs::canonicalize(&initdb).unwrap_or(initdb);
        dirs.extend(real.parent().map(Path::to_path_buf));
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    versions.reverse();
    dirs.extend(versions);
    let dir = dirs.into_iter().find(|d| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|b| d.join(b).is_file())
    })?;
    let psql = if dir.join("psql").is_file() {
        dir.join("psql")
    } else {
        find_in_path("psql")?
    };
    Some(Bins { dir, psql })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .ok()
        .is_some_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A running server.
pub struct PgServer {
    root: tempfile::TempDir,
    bins: Bins,
    as_postgres: bool,
    child: Option<Child>,
    port: u16,
}

impl PgServer {
    /// Starts a server, or returns `None` after a loud SKIPPED line when PostgreSQL is missing
    /// (a failure instead under `SPECFORGE_REQUIRE_ORACLES=1`).
    pub fn start_or_skip() -> Option<PgServer> {
        let Some(bins) = find_bins() else {
            if std::env::var("SPECFORGE_REQUIRE_ORACLES").as_deref() == Ok("1") {
                panic!("PostgreSQL (initdb, pg_ctl, postgres, psql) is required but missing");
            }
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                b"*** SKIPPED (PostgreSQL missing) ***\n",
            );
            return None;
        };
        match PgServer::start(bins) {
            Ok(server) => Some(server),
            Err(e) => panic!("could not start PostgreSQL: {e}"),
        }
    }

    fn command(&self, program: &Path) -> Command {
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        }
    }

    fn data(&self) -> PathBuf {
        self.root.path().join("data")
    }

    fn start(bins: Bins) -> Result<PgServer, String> {
        let root = tempfile::Builder::new()
            .prefix("specforge-pg-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let as_postgres = is_root();
        if as_postgres {
            let status = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(root.path())
                .status()
                .map_err(|e| e.to_string())?;
            if !status.success() {
                return Err("chown of the temporary folder to postgres failed".into());
            }
        }
        let port = 5432;
        let mut server = PgServer {
            root,
            bins,
            as_postgres,
            child: None,
            port,
        };
        let out = server
            .command(&server.bins.dir.join("initdb"))
            .arg("-D")
            .arg(server.data())
            .args([
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ])
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!(
                "initdb failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let log = std::fs::File::create(server.root.path().join("postgres.log"))
            .map_err(|e| e.to_string())?;
        let child = server
            .command(&server.bins.dir.join("postgres"))
            .arg("-D")
            .arg(server.data())
            .arg("-k")
            .arg(server.root.path())
            .args(["-c", "listen_addresses=", "-c", "fsync=off", "-p"])
            .arg(port.to_string())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| e.to_string())?;
        server.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if server.psql("SELECT 1").is_ok() {
                return Ok(server);
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(server.root.path().join("postgres.log"))
                    .unwrap_or_default();
                return Err(format!("server did not become ready: {log}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs SQL in one transaction-less psql session with ON_ERROR_STOP; returns unaligned,
    /// tab-separated rows.
    pub fn psql(&self, sql: &str) -> Result<String, String> {
        let mut child = Command::new(&self.bins.psql)
            .args([
                "-X",
                "-q",
                "-A",
                "-t",
                "-F",
                "\t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
            ])
            .arg(self.root.path())
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-f",
                "-",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(sql.as_bytes()).map_err(|e| e.to_string())?;
        }
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// Rows of a query, each split on tabs.
    pub fn rows(&self, sql: &str) -> Result<Vec<Vec<String>>, String> {
        Ok(self
            .psql(sql)?
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| l.split('\t').map(str::to_owned).collect())
            .collect())
    }

    /// Drops and recreates the public schema.
    pub fn reset(&self) -> Result<(), String> {
        self.psql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
            .map(|_| ())
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let stopped = self
            .command(&self.bins.dir.join("pg_ctl"))
            .arg("-D")
            .arg(self.data())
            .args(["-m", "fast", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if let Some(mut child) = self.child.take() {
            if !stopped {
                let _ = child.kill();
            }
            let _ = child.wait();
        }
    }
}
