//! The `headwind` command line: parses arguments, calls the library, renders the result and writes it;
//! renders errors once and exits with a fixed code per error class (2 bad input, 3 numerical, 4 usage,
//! 5 I/O). Progress bars, stdout/stderr and exit codes live only here.

mod args;
mod commands;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

/// Exit code of clap's own usage errors (unknown flag, bad value), as the README documents.
const USAGE: u8 = 4;

fn main() -> ExitCode {
    let args = match args::Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            // Help and version go to stdout with exit 0; every usage error to stderr with exit 4.
            let code = if e.use_stderr() { USAGE } else { 0 };
            if e.print().is_err() && code == 0 {
                return ExitCode::from(5);
            }
            return ExitCode::from(code);
        }
    };
    // Every output file of the run is staged and committed together at the end (nothing is left by
    // a failed run); an interrupt removes the temporaries written so far and exits 130.
    let _ = ctrlc::set_handler(|| {
        headwind::report::output::remove_pending();
        let _ = writeln!(
            std::io::stderr(),
            "headwind: interrupted; no output written"
        );
        std::process::exit(130);
    });
    headwind::report::output::begin();
    let result = commands::run(args);
    let result = match result {
        Ok(()) => headwind::report::output::end(true),
        Err(e) => {
            let _ = headwind::report::output::end(false);
            Err(e)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A stderr that cannot be written must not turn the error's code into a panic.
            let _ = writeln!(std::io::stderr(), "headwind: error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
