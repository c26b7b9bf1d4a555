#!/bin/bash
grep -qx "debug=false" ~/app.conf && grep -qx "port=8080" ~/app.conf
