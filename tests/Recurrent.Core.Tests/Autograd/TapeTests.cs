using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Tests.Autograd;

public class TapeTests
{
    private static Tensor Parameter(params float[] values)
    {
        var t = Tensor.FromArray(values, values.Length);
        t.RequiresGrad = true;
        return t;
    }

    [Fact]
    public void NoGradScopeRecordsNothing()
    {
        var x = Parameter(0.5f, -1f, 2f);
        using var tape = new Tape();
        using (Tape.NoGrad())
        {
            Assert.False(Tape.IsRecording);
            using var y = Ops.Tanh(Ops.Add(x, x));
            using var loss = Ops.Sum(y);
            Assert.False(y.RequiresGrad);
            Assert.False(loss.RequiresGrad);
        }
        Assert.Equal(0, tape.Count);
        Assert.True(Tape.IsRecording);
        using var z = Ops.Tanh(x);
        Assert.Equal(1, tape.Count);
    }

    [Fact]
    public void DisposingTheTapeReturnsTheTensorsItsOpsMade()
    {
        var x = Parameter(0.5f, -1f, 2f);
        Tensor hidden,
            loss;
        using (var tape = new Tape())
        {
            hidden = Ops.Sigmoid(x);
            loss = Ops.Sum(hidden);
            tape.Backward(loss);
            Assert.Equal(3, hidden.Span.Length);
        }
        Assert.Throws<ObjectDisposedException>(() => hidden.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => loss.Item());
        Assert.Throws<ObjectDisposedException>(() => Ops.Tanh(hidden));
        Assert.Equal(3, x.Grad!.Length);
    }

    [Fact]
    public void AnOutputTheLossDoesNotUseIsSkippedInBackward()
    {
        var x = Parameter(0.5f, -1f, 2f);
        using var tape = new Tape();
        var unused = Ops.Tanh(x);
        var loss = Ops.Sum(Ops.Multiply(x, x));
        tape.Backward(loss);
        Assert.Null(unused.Grad);
        Assert.Equal([1f, -2f, 4f], x.Grad!.ToArray());
    }

    [Fact]
    public void OpsWithoutATapeMakeTensorsTheCallerOwns()
    {
        var x = Parameter(0.5f, -1f, 2f);
        Assert.Null(Tape.Current);
        using var y = Ops.Relu(x);
        Assert.False(y.RequiresGrad);
        Assert.Equal([0.5f, 0f, 2f], y.ToArray());
    }
}
