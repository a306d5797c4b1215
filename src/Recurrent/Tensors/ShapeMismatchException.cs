namespace Recurrent.Tensors;

/// <summary>
/// Thrown before any kernel runs when the shapes given to an operation or a layer do not fit together.
/// The message names the operation and every shape involved.
/// </summary>
public sealed class ShapeMismatchException : ArgumentException
{
    /// <summary>Creates the exception with a message that already names the operation and the shapes.</summary>
    public ShapeMismatchException(string message)
        : base(message) { }

    /// <summary>
    /// Builds the standard message: "<paramref name="op"/>: <paramref name="what"/>; got A [2, 3] and B [4, 5]".
    /// </summary>
    public static ShapeMismatchException For(
        string op,
        string what,
        string nameA,
        ReadOnlySpan<int> shapeA,
        string nameB,
        ReadOnlySpan<int> shapeB
    ) => new($"{op}: {what}; got {nameA} {Shape.Format(shapeA)} and {nameB} {Shape.Format(shapeB)}.");
}
