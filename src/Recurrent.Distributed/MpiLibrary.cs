using System.Runtime.InteropServices;

namespace Recurrent.Distributed;

/// <summary>
/// The few entry points of Open MPI's <c>libmpi.so.40</c> that data-parallel training needs, and the handles that
/// Open MPI's <c>mpi.h</c> defines as addresses of exported globals (<c>MPI_COMM_WORLD</c> is
/// <c>&amp;ompi_mpi_comm_world</c>, <c>MPI_FLOAT</c> <c>&amp;ompi_mpi_float</c>, <c>MPI_SUM</c>
/// <c>&amp;ompi_mpi_op_sum</c>). Those handles are Open MPI's ABI, not MPI's: MPICH's are integers, so this binds
/// Open MPI alone.
/// </summary>
internal static partial class MpiLibrary
{
    public const string Name = "libmpi.so.40";

    private const int RtldNow = 2;
    private const int RtldGlobal = 0x100;

    // MPI_IN_PLACE in Open MPI's mpi.h.
    public static readonly nint InPlace = 1;

    private static readonly Lazy<(nint Comm, nint Float, nint Double, nint Sum)> s_handles = new(Load);

    public static nint CommWorld => s_handles.Value.Comm;

    public static nint Float => s_handles.Value.Float;

    public static nint Double => s_handles.Value.Double;

    public static nint OpSum => s_handles.Value.Sum;

    // Open MPI's components (its shared-memory and TCP transports) are plugins that look up libmpi's symbols in the
    // global namespace, so the library is opened RTLD_GLOBAL first, as mpi4py does; .NET alone would open it local.
    private static (nint, nint, nint, nint) Load()
    {
        nint library = DlOpen(Name, RtldNow | RtldGlobal);
        if (library == 0 && !NativeLibrary.TryLoad(Name, out library))
            throw new DllNotFoundException(
                $"Open MPI's {Name} was not found. Install Open MPI (Debian: apt-get install openmpi-bin "
                    + "libopenmpi-dev) and start the program with mpirun."
            );
        return (
            NativeLibrary.GetExport(library, "ompi_mpi_comm_world"),
            NativeLibrary.GetExport(library, "ompi_mpi_float"),
            NativeLibrary.GetExport(library, "ompi_mpi_double"),
            NativeLibrary.GetExport(library, "ompi_mpi_op_sum")
        );
    }

    [LibraryImport("libc.so.6", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint DlOpen(string file, int mode);

    [LibraryImport(Name, EntryPoint = "MPI_Init")]
    public static partial int Init(nint argc, nint argv);

    [LibraryImport(Name, EntryPoint = "MPI_Initialized")]
    public static partial int Initialized(out int flag);

    [LibraryImport(Name, EntryPoint = "MPI_Finalized")]
    public static partial int Finalized(out int flag);

    [LibraryImport(Name, EntryPoint = "MPI_Comm_rank")]
    public static partial int CommRank(nint comm, out int rank);

    [LibraryImport(Name, EntryPoint = "MPI_Comm_size")]
    public static partial int CommSize(nint comm, out int size);

    [LibraryImport(Name, EntryPoint = "MPI_Bcast")]
    public static unsafe partial int Bcast(void* buffer, int count, nint datatype, int root, nint comm);

    [LibraryImport(Name, EntryPoint = "MPI_Allreduce")]
    public static unsafe partial int Allreduce(
        nint sendBuffer,
        void* receiveBuffer,
        int count,
        nint datatype,
        nint op,
        nint comm
    );

    [LibraryImport(Name, EntryPoint = "MPI_Barrier")]
    public static partial int Barrier(nint comm);

    [LibraryImport(Name, EntryPoint = "MPI_Finalize")]
    public static partial int FinalizeMpi();

    [LibraryImport(Name, EntryPoint = "MPI_Abort")]
    public static partial int Abort(nint comm, int errorCode);

    /// <summary>Throws when an MPI call did not return MPI_SUCCESS.</summary>
    public static void Check(int code, string call)
    {
        if (code != 0)
            throw new InvalidOperationException($"{call} failed with MPI error code {code}.");
    }
}
