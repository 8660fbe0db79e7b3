"""What the API, the pages and the CLI share when graphsvc serves: the store holder,
the result cache, the analysis runners, tokens and who is asking, error shapes and
middleware. It imports neither `graphsvc.api` nor `graphsvc.web`."""
