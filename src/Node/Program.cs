using Aggregator.Shared.Cli;

// Note: the host is thin on purpose; every command, endpoint and actor lives in Aggregator.Shared.
return await CliApp.RunProcessAsync(args, HostRole.Node);
