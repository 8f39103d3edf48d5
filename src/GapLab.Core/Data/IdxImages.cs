namespace GapLab.Data;

/// <summary>Decoded IDX image file: <see cref="Count"/> grey images of <see cref="Rows"/> x <see cref="Columns"/> uint8 pixels, row-major.</summary>
public sealed record IdxImages(string Source, int Count, int Rows, int Columns, byte[] Pixels)
{
    public int PixelsPerImage => Rows * Columns;
}
