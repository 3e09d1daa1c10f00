# shellcheck shell=bash
# Shared by the whole-run benchmark scripts (benches/run.sh, benches/memory.sh):
# sourced, not run. Expects `repo` (the repository root) to be set; `log`
# prefixes its lines with `log_tag` (default "bench").

log() { printf '[%s] %s\n' "${log_tag:-bench}" "$*" >&2; }
die() {
    printf '[%s] error: %s\n' "${log_tag:-bench}" "$*" >&2
    exit 1
}

# install PACKAGE COMMAND: on a fresh Debian machine, fetch a missing tool
# with apt-get (as root, or with password-less sudo); otherwise say how.
install() {
    command -v "$2" >/dev/null && return
    local sudo=()
    ((EUID == 0)) || sudo=(sudo -n)
    if command -v apt-get >/dev/null && "${sudo[@]}" true 2>/dev/null; then
        log "$2 not found: apt-get install $1"
        "${sudo[@]}" apt-get install -y -qq "$1" >&2 ||
            log "apt-get install $1 failed"
    fi
}

# build_klartext [BIN]: sets `bin` to BIN (checked) or to a fresh
# `cargo build --release --locked` in CARGO_TARGET_DIR (default target/),
# as an absolute path.
build_klartext() {
    if [[ -n ${1:-} ]]; then
        bin=$1
        [[ -x $bin ]] || die "--bin/KT_BENCH_BIN: $bin is not an executable"
        log "using the given binary $bin (no build)"
    else
        local target=${CARGO_TARGET_DIR:-target}
        [[ $target == /* ]] || target=${repo:?}/$target
        log "cargo build --release --locked (target dir $target)"
        (cd "$repo" && cargo build --release --locked >&2)
        bin=$target/release/klartext
        [[ -x $bin ]] || die "the build did not produce $bin"
    fi
    bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
}

# default_shared: the project's shared/bench folder (gen_corpus.py,
# anchor-phrases.txt; the real-text sample lies beside it in shared/data):
# next to the repository, or, for a clone made elsewhere (a CI checkout in
# /tmp), next to the repository it was cloned from when that is a folder
# on this machine.
default_shared() {
    local origin
    if [[ ! -d $repo/../shared/bench ]] &&
        origin=$(git -C "$repo" remote get-url origin 2>/dev/null) &&
        [[ -d $origin/../shared/bench ]]; then
        echo "$origin/../shared/bench"
    else
        echo "$repo/../shared/bench"
    fi
}

# present NAME PATH: true (and says so) when PATH's corpus is already made
# (a PATH.stamp file marks a corpus written to the end).
present() {
    [[ -f $2.stamp ]] || return 1
    log "corpus $1: present ($(cat "$2.stamp"))"
}
