#!/bin/sh
# Rebuilds the image's default CDS archive (lib/server/classes.jsa) from the JDK's class list plus
# the JDK classes a run of the demo on the image loads: rusticated's first downcall links FFM
# machinery (jdk.internal.foreign, java.lang.invoke forms) that the JDK's own list lacks, and every
# program on the image would otherwise load and spin those classes at start-up. rusticated's and
# the demo's classes stay out: the image sets java.system.class.loader, and then the JVM takes no
# class of the application loader from an archive.
#
#   train-cds.sh IMAGE DEMO_JAR WORKDIR
set -eu
image=$1
demo=$2
work=$3
java=$image/bin/java
mkdir -p "$work"
printf 'trained' > "$work/train.txt"
echo "$work/train.txt" | "$java" -XX:DumpLoadedClassList="$work/demo.classlist" -jar "$demo" > /dev/null
grep -v -e '^io/rusticated/' -e '^demo/' -e '^@cp io/rusticated/' -e '^@cp demo/' -e 'jdk/internal/org/jline' "$work/demo.classlist" > "$work/jdk.classlist"
cat "$image/lib/classlist" "$work/jdk.classlist" > "$work/merged.classlist"
"$java" -Xshare:dump -XX:SharedClassListFile="$work/merged.classlist" -XX:SharedArchiveFile="$image/lib/server/classes.jsa" \
    -Xlog:cds=error -Xlog:aot=error > "$work/dump.log" 2>&1 || { cat "$work/dump.log" >&2; exit 1; }
