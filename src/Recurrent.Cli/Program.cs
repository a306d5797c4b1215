using Recurrent.Cli;

return RecurrentCommandLine.Build().Parse(args).Invoke();
