rm -f ~/project/greeting.txt
