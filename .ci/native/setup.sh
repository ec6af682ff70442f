#!/bin/bash
# Rebuilds the GraalVM-25-builder-on-Temurin-25 toolchain under $NATIVE_ROOT (default /tmp/nativeprobe).
set -eu
D=$(cd "$(dirname "$0")" && pwd); R=${NATIVE_ROOT:-/tmp/nativeprobe}; V=25.0.2
mkdir -p "$R/graal/v$V/lib"
[[ -d $R/ghome ]] || cp -a /usr/lib/jvm/temurin-25-jdk-amd64 "$R/ghome"
cp "$D/graal-pom.xml" "$R/graal/v$V/pom.xml"
(cd "$R/graal/v$V" && ${MVN:-mvn} -q dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime)
mkdir -p "$R/ghome/lib/svm/builder/lib" "$R/ghome/lib/svm/clibraries/linux-amd64"
cp "$R/graal/v$V/lib/"*.jar "$R/ghome/lib/svm/builder/"
cp -r "$D/include" "$R/ghome/lib/svm/clibraries/linux-amd64/"
gcc -shared -fPIC -O2 -I"$R/ghome/include" -I"$R/ghome/include/linux" "$D/reporterchelper.c" -o "$R/ghome/lib/svm/builder/lib/libreporterchelper.so"
echo "toolchain ready under $R"
