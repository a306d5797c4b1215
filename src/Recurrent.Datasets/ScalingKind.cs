namespace Recurrent.Datasets;

/// <summary>How <see cref="ChannelScaler"/> maps each channel.</summary>
public enum ScalingKind
{
    /// <summary>
    /// Subtract the mean, divide by the (population) standard deviation, as scikit-learn's StandardScaler.
    /// </summary>
    Standardize,

    /// <summary>Map the minimum to 0 and the maximum to 1, as scikit-learn's MinMaxScaler.</summary>
    MinMax,
}
