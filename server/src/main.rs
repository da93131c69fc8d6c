//! `server`: the Floorcast binary. Parses the command line and hands over to the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    server::cli::main()
}
