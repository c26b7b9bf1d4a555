#!/bin/bash
test -d ~/project
