#!/bin/bash
grep -qx hello ~/project/greeting.txt
