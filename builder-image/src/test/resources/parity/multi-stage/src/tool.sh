#!/bin/sh
echo "tool version $(cat /usr/local/share/app/VERSION 2>/dev/null || echo unknown)"
