namespace Recurrent.Bench.Harness;

/// <summary>The process's peak resident set size, as the kernel counts it (<c>VmHWM</c>).</summary>
internal static class PeakMemory
{
    /// <summary>The peak resident set size of this process so far in MiB, or -1 where /proc is unavailable.</summary>
    public static double ReadMegabytes()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
            return -1;
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal))
                continue;
            var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
            return long.Parse(kilobytes) / 1024.0;
        }
        return -1;
    }
}
