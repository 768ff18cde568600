return await DurableFlows.Host.DurableFlowsCommand.RunAsync(args);
