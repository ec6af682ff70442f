#!/bin/sh
# Installs akosha-sync for one user (Linux: systemd user unit; macOS: launchd agent), from the project root after
#   ./mvnw package -DskipTests               (the JVM build: target/quarkus-app/, installed whole)
# or with a native executable:
#   deploy/laptop/install.sh --native target/akosha-sync-0.1.0-SNAPSHOT-runner
#
# What it writes (each can be moved with an option):
#   --prefix DIR      the program: DIR/quarkus-app/ (JVM) or DIR/akosha-sync (+ DIR/lib/ if the executable has one)
#                     default ~/.local/share/akosha-sync
#   --bin-dir DIR     the launcher DIR/akosha-sync (deploy/laptop/akosha-sync.launcher); default ~/.local/bin
#   --config-dir DIR  DIR/akosha-sync.env from deploy/akosha-sync.env.example, mode 0600, only if it does not exist
#                     yet (an existing one is never touched); default ~/.config/akosha-sync
#   --unit-dir DIR    the systemd user unit; default ~/.config/systemd/user (launchd: ~/Library/LaunchAgents)
#   --service S       systemd, launchd or none; default: launchd on macOS, else systemd
#   --jvm DIR         the quarkus-app directory to install; default target/quarkus-app of this checkout
#   --native FILE     install this native executable instead
#   --java FILE       the java to run (JVM build); default $JAVA_HOME/bin/java, else java on the PATH
#   --jvm-opts OPTS   the launcher's JVM options instead of the measured defaults below
# It starts nothing; it prints the commands that enable the service.
set -eu

# The JVM options: peak RSS with them 198 MiB on the cloud path, 324 MiB in the MCP fallback (deploy/laptop/README.md).
JVM_OPTS_DEFAULT='-Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m -XX:MaxDirectMemorySize=32m -XX:+ExitOnOutOfMemoryError'

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix="$HOME/.local/share/akosha-sync"
bin_dir="$HOME/.local/bin"
config_dir="$HOME/.config/akosha-sync"
unit_dir=
case "$(uname -s)" in Darwin) service=launchd ;; *) service=systemd ;; esac
jvm_dir=
native=
java=
jvm_opts="$JVM_OPTS_DEFAULT"

die() { echo "install.sh: $*" >&2; exit 1; }
need() { [ $# -ge 2 ] || die "$1 needs a value"; }
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) need "$@"; prefix=$2; shift 2 ;;
        --bin-dir) need "$@"; bin_dir=$2; shift 2 ;;
        --config-dir) need "$@"; config_dir=$2; shift 2 ;;
        --unit-dir) need "$@"; unit_dir=$2; shift 2 ;;
        --service) need "$@"; service=$2; shift 2 ;;
        --jvm) need "$@"; jvm_dir=$2; shift 2 ;;
        --native) need "$@"; native=$2; shift 2 ;;
        --java) need "$@"; java=$2; shift 2 ;;
        --jvm-opts) need "$@"; jvm_opts=$2; shift 2 ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) die "unknown option $1 (--help)" ;;
    esac
done
case "$service" in systemd|launchd|none) ;; *) die "--service must be systemd, launchd or none" ;; esac
[ -z "$jvm_dir" ] || [ -z "$native" ] || die "--jvm or --native, not both"
case "$jvm_opts" in *\'*|*\\*|*'&'*|*'|'*) die "--jvm-opts: quotes, \\, & or | are not supported" ;; esac
for path in "$HOME" "$prefix" "$bin_dir" "$config_dir" ${unit_dir:+"$unit_dir"}; do
    case "$path" in
        /*) ;;
        *) die "'$path' is not an absolute path" ;;
    esac
    case "$path" in *\'*|*\"*|*\\*|*'$'*|*'`'*|*'%'*|*'&'*|*'|'*|*' '*) die "'$path': quotes, \\, \$, \`, %, &, | or spaces are not supported" ;; esac
done

# the program: copied into a fresh directory beside the old one, then swapped in
mkdir -p "$prefix"
if [ -n "$native" ]; then
    [ -f "$native" ] && [ -x "$native" ] || die "$native is not an executable"
    rm -rf "$prefix/.new-native" && mkdir "$prefix/.new-native"
    cp "$native" "$prefix/.new-native/akosha-sync"
    # the test executable of .ci/native-suite needs its lib/ beside it (RUNPATH=$ORIGIN/lib); a release build has none
    if [ -d "$(dirname "$native")/lib" ]; then
        cp -R "$(dirname "$native")/lib" "$prefix/.new-native/lib"
    fi
    rm -rf "$prefix/quarkus-app" "$prefix/lib"
    [ ! -d "$prefix/.new-native/lib" ] || mv "$prefix/.new-native/lib" "$prefix/lib"
    mv -f "$prefix/.new-native/akosha-sync" "$prefix/akosha-sync"
    rmdir "$prefix/.new-native"
    variant="native executable"
else
    [ -n "$jvm_dir" ] || jvm_dir="$root/target/quarkus-app"
    for part in quarkus-run.jar lib app quarkus; do
        [ -e "$jvm_dir/$part" ] || die "$jvm_dir/$part is missing: build with ./mvnw package -DskipTests, or pass --jvm DIR"
    done
    if [ -z "$java" ]; then
        if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
            java="$JAVA_HOME/bin/java"
        else
            java=$(command -v java) || die "no java on the PATH (JDK 17 or later); pass --java FILE"
        fi
    fi
    case "$java" in /*) ;; *) java="$(cd "$(dirname "$java")" && pwd)/$(basename "$java")" ;; esac
    "$java" -version >/dev/null 2>&1 || die "$java does not run"
    rm -rf "$prefix/.new-quarkus-app"
    cp -R "$jvm_dir" "$prefix/.new-quarkus-app"
    rm -rf "$prefix/quarkus-app.old" "$prefix/akosha-sync" "$prefix/lib"
    [ ! -d "$prefix/quarkus-app" ] || mv "$prefix/quarkus-app" "$prefix/quarkus-app.old"
    mv "$prefix/.new-quarkus-app" "$prefix/quarkus-app"
    rm -rf "$prefix/quarkus-app.old"
    variant="JVM build ($java)"
fi

# the launcher: the service and the hook run this
mkdir -p "$bin_dir"
sed -e "s|@AKOSHA_HOME@|$prefix|" -e "s|@JAVA@|${java:-java}|" -e "s|@JVM_OPTS@|$jvm_opts|" \
    "$here/akosha-sync.launcher" > "$bin_dir/.akosha-sync.new"
chmod 0755 "$bin_dir/.akosha-sync.new"
mv -f "$bin_dir/.akosha-sync.new" "$bin_dir/akosha-sync"

# the environment file: the example with this user's home, never overwritten (it may hold a token)
mkdir -p "$config_dir"
env_file="$config_dir/akosha-sync.env"
if [ ! -e "$env_file" ]; then
    (umask 077 && sed -e "s|/home/me|$HOME|g" "$root/deploy/akosha-sync.env.example" > "$env_file")
    env_note="written from deploy/akosha-sync.env.example: edit it"
else
    env_note="kept as it was"
fi

case "$service" in
    systemd)
        [ -n "$unit_dir" ] || unit_dir="$HOME/.config/systemd/user"
        mkdir -p "$unit_dir"
        sed -e "s|^EnvironmentFile=.*|EnvironmentFile=$env_file|" -e "s|^ExecStart=.*|ExecStart=$bin_dir/akosha-sync|" \
            "$here/akosha-sync.service" > "$unit_dir/akosha-sync.service"
        next="systemctl --user daemon-reload && systemctl --user enable --now akosha-sync"
        unit="$unit_dir/akosha-sync.service"
        ;;
    launchd)
        [ -n "$unit_dir" ] || unit_dir="$HOME/Library/LaunchAgents"
        mkdir -p "$unit_dir"
        sed -e "s|/Users/USER/.local/bin/akosha-sync|$bin_dir/akosha-sync|" -e "s|/Users/USER|$HOME|g" \
            "$here/io.akosha.sync.plist" > "$unit_dir/io.akosha.sync.plist"
        next="launchctl load $unit_dir/io.akosha.sync.plist"
        unit="$unit_dir/io.akosha.sync.plist"
        ;;
    none)
        next="$bin_dir/akosha-sync   (runs the sidecar in the foreground)"
        unit="(none)"
        ;;
esac

cat <<EOF
akosha-sync installed: $variant
  program      $prefix
  launcher     $bin_dir/akosha-sync
  environment  $env_file ($env_note)
  service      $unit
next: $next
EOF
