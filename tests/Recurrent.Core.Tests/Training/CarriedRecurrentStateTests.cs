using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public sealed class CarriedRecurrentStateTests
{
    private static Tensor Full(float value, int batch) =>
        Tensor.FromArray(Enumerable.Repeat(value, 3 * batch).ToArray(), 1, batch, 3);

    private static RecurrentState State(int batch, float value) => new(Full(value, batch), Full(value + 1, batch));

    [Fact]
    public void TheNextChunkStartsFromACopyOfTheFinalStateCutFromTheTape()
    {
        using var carried = new CarriedRecurrentState(hasCellState: true, "a test model");
        Assert.Null(carried.Begin(2));

        var h = Full(0.5f, 2);
        h.RequiresGrad = true;
        var final = new RecurrentState(Ops.Multiply(h, h), Full(1f, 2));
        carried.Carry(final);

        var next = carried.Begin(2);
        Assert.NotNull(next);
        Assert.NotSame(final.H, next.H);
        Assert.False(next.H.RequiresGrad);
        Assert.All(next.H.ToArray(), v => Assert.Equal(0.25f, v));
    }

    [Fact]
    public void AnotherBatchSizeOrAResetStartsFromZeros()
    {
        using var carried = new CarriedRecurrentState(hasCellState: true, "a test model");
        carried.Carry(State(2, 1f));
        Assert.Null(carried.Begin(3));

        carried.Carry(State(3, 1f));
        Assert.NotNull(carried.Begin(3));
        Assert.Null(carried.Begin(3, reset: true));
    }

    [Fact]
    public void SavedStateLoadsBackAndAMissingCellStateIsNamed()
    {
        using var carried = new CarriedRecurrentState(hasCellState: true, "a test model");
        Assert.Empty(carried.SaveCarriedState());
        carried.Carry(State(2, 4f));
        var saved = carried.SaveCarriedState();
        Assert.Equal(["h", "c"], saved.Select(s => s.Name));

        using var other = new CarriedRecurrentState(hasCellState: true, "a test model");
        other.LoadCarriedState(saved);
        Assert.All(other.Begin(2)!.C!.ToArray(), v => Assert.Equal(5f, v));

        var e = Assert.Throws<ArgumentException>(() => other.LoadCarriedState([saved[0]]));
        Assert.StartsWith("The carried state of a test model lacks a cell state 'c', which an LSTM needs.", e.Message);
        using var gru = new CarriedRecurrentState(hasCellState: false, "a test model");
        Assert.Throws<ArgumentException>(() => gru.LoadCarriedState(saved));
    }
}
