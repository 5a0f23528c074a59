#!/bin/sh
echo "app ok ${1:-serving}"
