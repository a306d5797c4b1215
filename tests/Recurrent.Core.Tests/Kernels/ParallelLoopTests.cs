using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels;

[Collection(ProcessWideSettingsCollection.Name)]
public class ParallelLoopTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 1000, 1)]
    [InlineData(2, 7, 3)]
    [InlineData(3, 1001, 10)]
    [InlineData(4, 5, 1)]
    [InlineData(2, 100, 1000)]
    public void CoversEveryIndexExactlyOnce(int threads, int count, int grain)
    {
        WithThreads(threads, () =>
        {
            var hits = new int[count];
            var body = new CountingBody { Hits = hits };
            ParallelLoop.For(count, ref body, grain);
            Assert.All(hits, h => Assert.Equal(1, h));
        });
    }

    [Theory]
    [InlineData(10, 4)]
    [InlineData(1000, 7)]
    [InlineData(3, 1)]
    public void RangesAreContiguousAndNeverShorterThanTheGrain(int count, int grain)
    {
        WithThreads(3, () =>
        {
            var ranges = new List<(int Start, int End)>();
            var body = new RecordingBody { Ranges = ranges };
            ParallelLoop.For(count, ref body, grain);
            ranges.Sort();
            Assert.Equal(0, ranges[0].Start);
            Assert.Equal(count, ranges[^1].End);
            for (int i = 1; i < ranges.Count; i++)
                Assert.Equal(ranges[i - 1].End, ranges[i].Start);
            Assert.All(ranges, r =>
                Assert.True(r.End - r.Start >= Math.Min(grain, count), $"range {r} is shorter than the grain")
            );
        });
    }

    [Fact]
    public void NestedLoopRunsInlineOnTheCallingThread()
    {
        WithThreads(2, () =>
        {
            var outerHits = new int[2];
            var body = new NestingBody { OuterHits = outerHits, InnerRanges = new int[2] };
            ParallelLoop.For(2, ref body);
            Assert.Equal([1, 1], outerHits);
            // Each inner loop ran as one range [0, 50) on the thread of its outer item.
            Assert.Equal([1, 1], body.InnerRanges);
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    public void ExceptionInABodySurfaces(int failingIndex)
    {
        WithThreads(2, () =>
        {
            var body = new ThrowingBody { FailingIndex = failingIndex };
            var e = Assert.Throws<InvalidOperationException>(() => ParallelLoop.For(100, ref body));
            Assert.Contains($"item {failingIndex}", e.Message);

            // The loop still works afterwards.
            var hits = new int[100];
            var counting = new CountingBody { Hits = hits };
            ParallelLoop.For(100, ref counting);
            Assert.All(hits, h => Assert.Equal(1, h));
        });
    }

    [Fact]
    public void ThreadCountRejectsLessThanOneAndKeepsValidValues()
    {
        int before = ParallelLoop.ThreadCount;
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelLoop.ThreadCount = 0);
        Assert.Equal(before, ParallelLoop.ThreadCount);
        WithThreads(3, () => Assert.Equal(3, ParallelLoop.ThreadCount));
        Assert.Equal(before, ParallelLoop.ThreadCount);
    }

    [Fact]
    public void ManyRapidCallsAllComplete()
    {
        WithThreads(2, () =>
        {
            var hits = new int[64];
            for (int call = 0; call < 20_000; call++)
            {
                var body = new CountingBody { Hits = hits };
                ParallelLoop.For(hits.Length, ref body);
            }
            Assert.All(hits, h => Assert.Equal(20_000, h));
        });
    }

    [Fact]
    public void CallsFromSeveralThreadsAtOnceAllComplete()
    {
        WithThreads(2, () =>
        {
            var callers = Enumerable
                .Range(0, 3)
                .Select(_ => new Thread(() =>
                {
                    var hits = new int[100];
                    for (int call = 0; call < 2000; call++)
                    {
                        var body = new CountingBody { Hits = hits };
                        ParallelLoop.For(hits.Length, ref body);
                    }
                    Assert.All(hits, h => Assert.Equal(2000, h));
                }))
                .ToList();
            callers.ForEach(t => t.Start());
            callers.ForEach(t => t.Join());
        });
    }

    private static void WithThreads(int threads, Action test)
    {
        int before = ParallelLoop.ThreadCount;
        ParallelLoop.ThreadCount = threads;
        try
        {
            test();
        }
        finally
        {
            ParallelLoop.ThreadCount = before;
        }
    }

    private struct CountingBody : IParallelBody
    {
        public int[] Hits;

        public readonly void Run(int start, int end)
        {
            for (int i = start; i < end; i++)
                Interlocked.Increment(ref Hits[i]);
        }
    }

    private struct RecordingBody : IParallelBody
    {
        public List<(int, int)> Ranges;

        public readonly void Run(int start, int end)
        {
            lock (Ranges)
                Ranges.Add((start, end));
        }
    }

    private struct NestingBody : IParallelBody
    {
        public int[] OuterHits;
        public int[] InnerRanges;

        public readonly void Run(int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                Interlocked.Increment(ref OuterHits[i]);
                var inner = new InnerBody { Thread = Environment.CurrentManagedThreadId };
                ParallelLoop.For(50, ref inner);
                Assert.Equal(50, inner.Covered[0]);
                Interlocked.Increment(ref InnerRanges[i]);
            }
        }
    }

    private struct InnerBody : IParallelBody
    {
        public int Thread;
        public readonly int[] Covered = new int[1];

        public InnerBody() { }

        public readonly void Run(int start, int end)
        {
            Assert.Equal(Thread, Environment.CurrentManagedThreadId);
            Assert.Equal(0, start);
            Covered[0] += end - start;
        }
    }

    private struct ThrowingBody : IParallelBody
    {
        public int FailingIndex;

        public readonly void Run(int start, int end)
        {
            if (start <= FailingIndex && FailingIndex < end)
                throw new InvalidOperationException($"item {FailingIndex} failed");
        }
    }
}
