# Set-up shared by the run-*.sh benchmark scripts; they source it from the repository root.

PYTHON=/usr/bin/python3   # Debian's python3, where python3-optuna installs Optuna 3.1

# Builds the benchmark jar $JAR if it is missing.
ensure_jar() {
    if [[ ! -f $JAR ]]; then
        echo "building $JAR ..." >&2
        mvn -q -B -pl paratune-bench -am package -DskipTests
    fi
}

# Exits with 2 unless $PYTHON imports every module named (Debian packages python3-<module>).
require_python() {
    local modules
    modules=$(IFS=,; echo "$*")
    if ! "$PYTHON" -c "import $modules" 2>/dev/null; then
        echo "$* not importable by $PYTHON; install: apt-get install $(printf 'python3-%s ' "$@")" >&2
        exit 2
    fi
}

# Makes $OUT_DIR and says where the results go and how busy the machine is.
start_results() {
    mkdir -p "$OUT_DIR"
    echo "results in $OUT_DIR; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
}
