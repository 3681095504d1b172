"""What answers before (or around) any view: what no view should see, what no client may repeat
without end, and how long a request may run. Each in the module named for its job:

- request_limits.RequestLimitsMiddleware: the size, framing, media type and nesting of request
  bodies.
- health.HealthCheckMiddleware: `/healthz` for the container's probe, whatever the Host, over
  HTTP.
- request_timeout.RequestTimeoutMiddleware: a request that runs too long is answered with 503,
  before gunicorn's own timeout kills the worker (and every request it serves) without an
  answer.
- throttling.AdminLoginThrottleMiddleware: too many failed sign-ins to the admin, per user name
  at one client address, per address and (a higher limit) per user name, are refused with 429;
  throttling.throttled(): the API's rate limits for plain Django pages such as /timeline/.
"""
