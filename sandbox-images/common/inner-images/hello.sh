#!/bin/sh
cat <<'MSG'

Hello from Playground!
안녕하세요, Playground에 오신 것을 환영합니다!

This message shows that your Docker engine is working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon found the "playground/hello" image on this machine
    (it was preloaded, so no registry was needed).
 3. The Docker daemon created a new container from that image, which runs the
    program that produced the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, run a shell in a busybox container with:
 $ docker run -it busybox sh

MSG
