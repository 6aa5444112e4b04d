# Sourced by bin/augur, bin/vertx and the bench scripts: keeps target/augur.jar current, so that
# after editing the code nobody silently runs the old jar.
#   . "$root/bin/lib/augur-jar.sh"; augur_ensure_jar "$root" NAME || exit
# NAME prefixes the one line saying why it builds. Needs JDK 17+ and Maven when a build is due.

# Why ROOT/target/augur.jar must be (re)built, on stdout; nothing when it is current.
augur_jar_staleness() {
  local root="$1" jar="$1/target/augur.jar" newer
  if [ ! -f "$jar" ]; then
    echo "it is missing"
    return 0
  fi
  # An installation without the sources (bin/, conf/ and the jar only): the jar is all there is.
  [ -f "$root/pom.xml" ] || return 0
  newer="$(find "$root/pom.xml" "$root/src/main" -newer "$jar" -type f -print -quit 2>/dev/null || true)"
  if [ -n "$newer" ]; then
    echo "${newer#"$root"/} is newer than it"
  fi
}

# Builds ROOT/target/augur.jar when it is missing or older than pom.xml or a file under src/main.
# Launchers started together build once: the build holds a lock (flock on target/.augur-build.lock)
# and whoever waited on it looks again before building. Returns non-zero when the build fails
# (Maven's errors on stderr), so that the caller never runs the old jar.
augur_ensure_jar() {
  local root="$1" who="$2"
  [ -n "$(augur_jar_staleness "$root")" ] || return 0
  if [ ! -f "$root/pom.xml" ]; then
    echo "$who: $root/target/augur.jar is missing and there is no pom.xml to build it from" >&2
    return 2
  fi
  mkdir -p "$root/target"
  (
    if command -v flock >/dev/null 2>&1 && ! flock -n 9; then
      echo "$who: waiting for another build of target/augur.jar to finish" >&2
      flock 9
    fi
    why="$(augur_jar_staleness "$root")"
    [ -n "$why" ] || exit 0
    echo "$who: building target/augur.jar: $why" >&2
    # Files edited while Maven runs must leave the jar stale: it gets the build's start time at most.
    started="$root/target/.augur-build.started"
    touch "$started"
    if ! (cd "$root" && mvn -B -q -DskipTests package) >&2; then
      echo "$who: building target/augur.jar failed (Maven's output above); not running the old jar" >&2
      exit 1
    fi
    if [ ! -f "$root/target/augur.jar" ]; then
      echo "$who: Maven finished but target/augur.jar is not there" >&2
      exit 1
    fi
    touch -r "$started" "$root/target/augur.jar"
  ) 9>"$root/target/.augur-build.lock"
}
