#!/bin/sh
# $1: x. An even x fails its first attempt; while the file "hold" exists a trial then waits.
mkdir -p marks
if [ $(( $1 % 2 )) -eq 0 ] && [ ! -e marks/$1 ]; then touch marks/$1; echo "first attempt of $1 fails" >&2; exit 1; fi
if [ -e fail-$1 ]; then echo "told to fail" >&2; exit 1; fi
while [ -e hold ]; do sleep 0.2; done
echo "paratune: value=$1"
