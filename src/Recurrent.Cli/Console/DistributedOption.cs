using Recurrent.Distributed;
using System.CommandLine;

namespace Recurrent.Cli.Console;

/// <summary>
/// <c>--distributed</c> of the training commands that can train data-parallel, and how a command joins the job: a
/// tool started by <c>mpirun</c> or <c>srun</c> notices it from its environment, so the option is needed only where
/// the launcher leaves no trace.
/// </summary>
public static class DistributedOption
{
    /// <summary>A <c>--distributed</c> option.</summary>
    public static Option<bool> Create() =>
        new("--distributed")
        {
            Description =
                "Train data-parallel over the ranks of an Open MPI job (mpirun -np N recurrent ...): each rank takes "
                    + "its share of every batch and the gradients are averaged. On by itself under mpirun or srun.",
        };

    /// <summary>
    /// This process's place in the MPI job when <paramref name="option"/> is given or a launcher started the tool;
    /// otherwise null, and MPI is never loaded.
    /// </summary>
    public static MpiWorld? Join(ParseResult parse, Option<bool> option)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(option) || MpiWorld.IsLaunchedByMpi ? MpiWorld.Initialize() : null;
    }

    /// <summary>
    /// Stops a training command that does not train data-parallel yet from running under <c>mpirun</c>, where every
    /// rank would train the whole model on its own and write to the same <c>--out</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A launcher started the tool.</exception>
    public static void RefuseUnderMpi(string command)
    {
        if (MpiWorld.IsLaunchedByMpi)
            throw new ArgumentException(
                $"`recurrent {command}` does not train data-parallel yet (`text train`, `classify train` and "
                    + "`draw train` do): under mpirun every rank would train the whole model alone and write to the "
                    + "same --out. Run it without mpirun."
            );
    }

    /// <summary>
    /// Runs a distributed command's <paramref name="body"/>; when it fails on one rank, says so on standard error,
    /// naming the rank, and ends the whole job with <c>MPI_Abort</c> (the other ranks would wait for this one for
    /// ever). Without a job it is <paramref name="body"/> itself. MPI is finalised after a normal end.
    /// </summary>
    public static int Run(ParseResult parse, MpiWorld? world, Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(body);
        if (world is null)
            return body();
        int code;
        try
        {
            code = body();
        }
        catch (Exception e)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error on rank {world.Rank} of {world.Size}: {e.Message}");
            MpiWorld.Abort(CommandRunner.UserError);
            throw;
        }
        world.Dispose();
        return code;
    }
}
