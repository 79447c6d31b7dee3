using System;
using System.Collections.Generic;
using Fxs.Core.Line;

namespace Fxs.Host.Sim
{
    /// <summary>
    /// The `sim` board's voice stack: it records every number call control places and refuses the
    /// call, so the port plays the busy tone (there is no carrier behind the sim line).
    /// </summary>
    public sealed class SimOutgoingCalls : IOutgoingCalls
    {
        private readonly List<string> _numbers = new List<string>();

        /// <summary>The numbers placed, in order, as dialed.</summary>
        public IReadOnlyList<string> Numbers { get { return _numbers; } }

        /// <summary>Releases reported (none: no call is ever taken).</summary>
        public int Releases { get; private set; }

        /// <inheritdoc/>
        public bool Place(char[] digits, int length, long nowSamples)
        {
            _numbers.Add(new string(digits, 0, length));
            return false;
        }

        /// <inheritdoc/>
        public void Heard(short[] samples, int count) { }

        /// <inheritdoc/>
        public bool FillPlayed(short[] samples, int count)
        {
            Array.Clear(samples, 0, count);
            return false;
        }

        /// <inheritdoc/>
        public void Release(long nowSamples) { Releases++; }
    }
}
