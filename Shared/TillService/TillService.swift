// Configuration and the service host live here (issue 2).
