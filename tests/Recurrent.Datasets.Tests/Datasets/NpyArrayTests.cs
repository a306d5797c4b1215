using Recurrent.Datasets;
using Recurrent.Tests.Data;
using System.Text;

namespace Recurrent.Tests.Datasets;

public class NpyArrayTests
{
    [Fact]
    public void NumbersOfEveryCommonTypeAreReadInCOrder()
    {
        var floats = NpyArray.Parse(NpyBytes.Of("<f4", [2, 3], NpyBytes.Singles(1, 2, 3, 4, 5, 6)), "x.npy");
        Assert.Equal([2, 3], floats.Shape);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], floats.Numbers!);
        Assert.Null(floats.Texts);
        Assert.Equal("(2, 3)", floats.ShapeText);
        // Fortran order keeps the first axis fastest: the same matrix written column by column.
        var fortran = NpyArray.Parse(
            NpyBytes.Of("<f4", [2, 3], NpyBytes.Singles(1, 4, 2, 5, 3, 6), fortranOrder: true),
            "f.npy"
        );
        Assert.Equal([1.0, 2, 3, 4, 5, 6], fortran.Numbers!);
        var longs = NpyArray.Parse(NpyBytes.Of("<i8", [3], NpyBytes.Longs(5, -1, 7), version: 2), "y.npy");
        Assert.Equal([5.0, -1, 7], longs.Numbers!);
        Assert.Equal("(3,)", longs.ShapeText);
        byte[] bigEndian = [.. BitConverter.GetBytes(2.5).Reverse()];
        Assert.Equal([2.5], NpyArray.Parse(NpyBytes.Of(">f8", [1], bigEndian), "b.npy").Numbers!);
        Assert.Equal([1.0, 0], NpyArray.Parse(NpyBytes.Of("|b1", [2], [1, 0]), "m.npy").Numbers!);
    }

    [Fact]
    public void StringsAreReadWithoutTheirPadding()
    {
        // '<U7': seven UTF-32 characters each, NUL-padded.
        byte[] values = [.. Encoding.UTF32.GetBytes("walking"), .. Encoding.UTF32.GetBytes("sit\0\0\0\0")];
        Assert.Equal(["walking", "sit"], NpyArray.Parse(NpyBytes.Of("<U7", [2], values), "y.npy").Texts!);
        byte[] ascii = [.. Encoding.ASCII.GetBytes("up\0down")];
        Assert.Equal(["up", "dow"], NpyArray.Parse(NpyBytes.Of("|S3", [2], ascii[..6]), "s.npy").Texts!);
    }

    [Fact]
    public void WhatIsNotANumPyArrayOfNumbersOrTextIsRefused()
    {
        var text = Assert.Throws<DataFormatException>(() => NpyArray.Parse("1,2,3\n"u8, "x.npy"));
        Assert.Contains("not a NumPy .npy file", text.Message);
        var objects = Assert.Throws<DataFormatException>(() => NpyArray.Parse(NpyBytes.Of("|O", [2], []), "o.npy"));
        Assert.Contains("numbers (float, int, uint, bool) and strings are read, not Python objects", objects.Message);
        var cut = Assert.Throws<DataFormatException>(() =>
            NpyArray.Parse(NpyBytes.Of("<f4", [2, 3], NpyBytes.Singles(1, 2)), "c.npy")
        );
        Assert.Contains("the shape (2, 3) needs 24 bytes of values, but the file holds 8.", cut.Message);
    }
}
