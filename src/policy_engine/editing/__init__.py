"""What editors and workflows run: the `policy` command, its checks, records against a base, skeletons, pull-request comments, webhooks."""
