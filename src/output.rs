//! Where a report goes: standard output, or a file given with `-o`.
//!
//! A file is written atomically: the report goes to a temporary file next
//! to it, which is renamed over the target only once the report is
//! complete. An interrupted or failed run leaves the previous report (or
//! nothing) in place, never half a report; the temporary file is removed.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// An open output.
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::StdoutLock<'static>>),
    /// A temporary file that becomes `path` on [`Output::commit`].
    File {
        /// The writer of the temporary file.
        file: BufWriter<File>,
        /// The temporary file.
        tmp: PathBuf,
        /// The target.
        path: PathBuf,
        /// Renamed already (nothing to clean up).
        done: bool,
    },
}

/// Bytes of a report written at once: an NDJSON report of 100 MB of input
/// is some 35 MB, 4,400 writes with the standard 8 KiB.
const WRITE_BUFFER: usize = 64 << 10;

impl Output {
    /// Standard output, or a temporary file beside `path`.
    pub fn open(path: Option<&Path>) -> Result<Output, String> {
        let Some(path) = path else {
            return Ok(Output::Stdout(BufWriter::with_capacity(
                WRITE_BUFFER,
                io::stdout().lock(),
            )));
        };
        let name = path
            .file_name()
            .ok_or_else(|| format!("{}: not a file name", path.display()))?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".klartext-{}.tmp", std::process::id()));
        let tmp = path.with_file_name(tmp_name);
        let file = File::create(&tmp)
            .map_err(|e| format!("{}: cannot write the report: {e}", path.display()))?;
        crate::interrupt::temp_file(Some(tmp.clone()));
        Ok(Output::File {
            file: BufWriter::with_capacity(WRITE_BUFFER, file),
            tmp,
            path: path.to_path_buf(),
            done: false,
        })
    }

    /// Whether the output is a terminal (for colours).
    pub fn is_terminal(&self) -> bool {
        matches!(self, Output::Stdout(_)) && io::stdout().is_terminal()
    }

    /// Completes the output: flushes, and renames a file into place.
    pub fn commit(mut self) -> io::Result<()> {
        match &mut self {
            Output::Stdout(out) => out.flush(),
            Output::File {
                file,
                tmp,
                path,
                done,
            } => {
                file.flush()?;
                file.get_ref().sync_all()?;
                std::fs::rename(&*tmp, &*path)
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
                *done = true;
                crate::interrupt::temp_file(None);
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf),
            Output::File { file, .. } => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::File { file, .. } => file.flush(),
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Output::File {
            tmp, done: false, ..
        } = self
        {
            let _ = std::fs::remove_file(tmp);
            crate::interrupt::temp_file(None);
        }
    }
}
