fn main() {
    std::process::exit(hyoka::cli::main(std::env::args().collect()));
}
