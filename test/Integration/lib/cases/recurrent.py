"""Recurrent layers (nn.simple_rnn, nn.lstm, nn.gru with Keras's gate
layouts): last output or whole sequences, with and without initial states,
and batches the CPU splits into chunks of 4 rows."""

import oracle
from registry import Layer, Param, grad, predict, register, threads

GATES = {"simple_rnn": 1, "lstm": 4, "gru": 3}


def recurrent(kind, batch, features, units, sequences=False,
              initial=False):
    """nn.<kind> of `units` on [batch, time, features] inputs, with the
    initial states as parameters when `initial` is set."""
    gates = GATES[kind]
    bias = (2, gates * units) if kind == "gru" else (gates * units,)
    params = [Param("k", (features, gates * units)),
              Param("r", (units, gates * units)), Param("b", bias)]
    states = (["h0", "c0"] if kind == "lstm" else ["h0"]) if initial else []
    params += [Param(s, (batch, units)) for s in states]
    operands = ", ".join(["%x", "%k", "%r", "%b"] + [f"%{s}" for s in states])
    types = ", ".join(["{x}", "{k}", "{r}", "{b}"] +
                      ["{" + s + "}" for s in states])
    attr = " {{return_sequences}}" if sequences else ""
    fn = getattr(oracle, kind)

    def forward(x, k, r, b, h0=None, c0=None):
        kwargs = dict(return_sequences=sequences)
        if h0 is not None:
            kwargs["h0"] = h0
        if c0 is not None:
            kwargs["c0"] = c0
        return fn(x, k, r, b, **kwargs)

    return Layer(f"%y = nn.{kind} {operands}{attr} : {types}", params,
                 forward)


def _predict(name, kind, batch, time, features, units, **kwargs):
    return predict(name, (batch, time, features),
                   recurrent(kind, batch, features, units, **kwargs))


def _grad(name, kind, batch, time, features, units, **kwargs):
    return grad(name, (batch, time, features),
                recurrent(kind, batch, features, units, **kwargs))


PREDICT = [
    _predict("simple_rnn_last", "simple_rnn", 3, 5, 4, 6),
    _predict("simple_rnn_sequences_h0", "simple_rnn", 3, 5, 4, 6,
             sequences=True, initial=True),
    _predict("lstm_last", "lstm", 3, 6, 4, 5),
    _predict("lstm_sequences", "lstm", 2, 7, 3, 4, sequences=True),
    _predict("lstm_initial_state", "lstm", 3, 4, 5, 6, initial=True),
    _predict("gru_last", "gru", 3, 6, 4, 5),
    _predict("gru_sequences_h0", "gru", 2, 5, 3, 4, sequences=True,
             initial=True),
    # Batches of 8 and 12: time loops per chunk of 4 rows on the CPU.
    _predict("simple_rnn_b8", "simple_rnn", 8, 4, 3, 5),
    _predict("lstm_initial_state_b12", "lstm", 12, 4, 5, 6, initial=True),
    _predict("gru_sequences_h0_b8", "gru", 8, 5, 3, 4, sequences=True,
             initial=True),
]

GRAD = [
    _grad("g_simple_rnn", "simple_rnn", 2, 3, 2, 3),
    _grad("g_simple_rnn_seq_h0", "simple_rnn", 2, 3, 2, 3, sequences=True,
          initial=True),
    _grad("g_lstm", "lstm", 2, 3, 2, 3),
    _grad("g_lstm_seq", "lstm", 2, 3, 2, 2, sequences=True),
    _grad("g_lstm_h0_c0", "lstm", 2, 3, 2, 2, initial=True),
    _grad("g_gru", "gru", 2, 3, 2, 3),
    _grad("g_gru_seq_h0", "gru", 2, 3, 2, 2, sequences=True, initial=True),
    # Batches of 8: the CPU runs each layer's time loops (forward and
    # backward) per chunk of 4 rows.
    _grad("g_simple_rnn_b8", "simple_rnn", 8, 3, 2, 3),
    _grad("g_lstm_seq_b8", "lstm", 8, 3, 2, 2, sequences=True),
    _grad("g_gru_seq_h0_b8", "gru", 8, 3, 2, 2, sequences=True,
          initial=True),
]

def _threads(name, kind, batch, time, features, units, **kwargs):
    return threads(name, (batch, time, features),
                   recurrent(kind, batch, features, units, **kwargs))


# Thread-count cases: shapes that split unevenly over 1, 2, 3 and 7 threads
# (prime sizes, channels off the vector width), large enough to dispatch.
# Batches of 7, 13 and 11 leave a last chunk of fewer than 4 rows.
THREADS = [
    _threads("t_simple_rnn", "simple_rnn", 7, 5, 3, 13, sequences=True),
    _threads("t_lstm", "lstm", 13, 4, 5, 11, initial=True),
    _threads("t_gru", "gru", 11, 5, 3, 7, sequences=True, initial=True),
]

register("recurrent", predict=PREDICT, grad=GRAD, threads=THREADS)
