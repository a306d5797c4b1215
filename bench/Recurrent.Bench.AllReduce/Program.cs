using Recurrent.Distributed;
using System.Diagnostics;
using System.Globalization;

// mpirun -np 2 dotnet Recurrent.Bench.AllReduce.dll [seconds per size]: one line per message size on rank 0,
// case=allreduce-<bytes> ranks=<N> calls=<n> us=<median microseconds per call> min_us=<fastest call>
// gb_per_s=<bytes / median time>. On a busy machine the fastest call is the transfer, the median adds the waits.
using var world = MpiWorld.Initialize();
double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 1.0;
foreach (int bytes in new[] { 4 << 10, 64 << 10, 1 << 20, 4 << 20, 16 << 20, 64 << 20 })
{
    var buffer = new float[bytes / sizeof(float)];
    world.AllReduceSum(buffer);
    // Every rank makes the same number of calls: rank 0 decides from its clock and tells the others.
    var times = new List<double>();
    var go = new float[1];
    var clock = Stopwatch.StartNew();
    while (true)
    {
        go[0] = world.Rank == 0 && clock.Elapsed.TotalSeconds < seconds ? 1 : 0;
        world.Broadcast(go);
        if (go[0] == 0 && times.Count >= 3)
            break;
        world.Barrier();
        long start = Stopwatch.GetTimestamp();
        world.AllReduceSum(buffer);
        times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
    times.Sort();
    double median = times[times.Count / 2];
    if (world.Rank == 0)
        Console.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"case=allreduce-{bytes} ranks={world.Size} calls={times.Count} us={median * 1e6:F1} "
                    + $"min_us={times[0] * 1e6:F1} "
                    + $"gb_per_s={bytes / median / 1e9:F3}"
            )
        );
}
