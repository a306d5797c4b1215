using Recurrent.Cli;

return RecurrentCommandLine.Build().Parse(args).Invoke();

// Declared internal so that the ASP.NET Core framework (referenced for `recurrent serve`) does not generate a public
// Program for integration tests; the tool's public API stays its commands.
internal partial class Program;
