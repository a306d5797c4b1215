namespace Recurrent.Autograd;

/// <summary>
/// The differentiable operations. Each runs its forward kernel at once and, when a tape is recording and an input
/// requires a gradient, records its backward kernel on the tape. One file per operation family
/// (<c>Ops.MatMul.cs</c>, <c>Ops.Pointwise.cs</c>, ...), each a forward/backward pair over spans with the shapes
/// in a comment.
/// </summary>
public static partial class Ops;
