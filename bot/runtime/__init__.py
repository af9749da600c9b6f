"""What the channels and the jobs share at run time, below both of them: the send budget (``limiter``), the
port messages are pushed through (``senders``) and the thread pool engine turns run on (``turns``)."""
