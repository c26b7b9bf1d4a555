#!/bin/bash
mkdir -p ~/.cache
touch ~/.cache/scenario-started
