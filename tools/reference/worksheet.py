"""The worksheet's own numpy code, shared by the fixture script and the benchmark peers.

The cells (activation, reset_network, network_function, cost, J_W1 ... J_b3) are copied verbatim from
../shared/seed/; training_data and the training loop follow ../shared/WORKSHEET_FACTS.md (the helper module
the worksheet calls, whose plotting is left out). The weights are module globals, as in the worksheet.
"""
import numpy as np

# ---- The worksheet's cells, verbatim ------------------------------------------------------------------
σ = lambda z : 1 / (1 + np.exp(-z))
dσ = lambda z : np.cosh(z/2)**(-2) / 4

def reset_network (n1 = 6, n2 = 7, random=np.random) :
    global W1, W2, W3, b1, b2, b3
    W1 = random.randn(n1, 1) / 2
    W2 = random.randn(n2, n1) / 2
    W3 = random.randn(2, n2) / 2
    b1 = random.randn(n1, 1) / 2
    b2 = random.randn(n2, 1) / 2
    b3 = random.randn(2, 1) / 2

def network_function(a0) :
    z1 = W1 @ a0 + b1
    a1 = σ(z1)
    z2 = W2 @ a1 + b2
    a2 = σ(z2)
    z3 = W3 @ a2 + b3
    a3 = σ(z3)
    return a0, z1, a1, z2, a2, z3, a3

def cost(x, y):
    return np.linalg.norm(network_function(x)[-1] - y)**2 / x.size

def J_W3 (x, y):
    a0, z1, a1, z2, a2, z3, a3 = network_function(x)
    J = 2 * (a3 - y) * dσ(z3)
    J = J @ a2.T / x.size
    return J

def J_b3 (x, y):
    a0, z1, a1, z2, a2, z3, a3 = network_function(x)
    J = 2 * (a3 - y)
    J = J * dσ(z3)
    J = np.sum(J, axis=1, keepdims=True) / x.size
    return J

def J_W2 (x, y):
    a0, z1, a1, z2, a2, z3, a3 = network_function(x)
    J = 2 * (a3 - y) * dσ(z3)
    J = (J.T @ W3).T * dσ(z2)
    J = J @ a1.T / x.size
    return J

def J_b2 (x, y):
    a0, z1, a1, z2, a2, z3, a3 = network_function(x)
    J = 2 * (a3 - y) * dσ(z3)
    J = (J.T @ W3).T * dσ(z2)
    J = np.sum(J, axis=1, keepdims=True) / x.size
    return J

def J_W1 (x, y):
    a0, z1, a1, z2, a2, z3, a3 = network_function(x)
    J = 2* (a3 - y) * dσ(z3)
    J = (J.T @ W3).T * dσ(z2)
    J = (J.T @ W2).T * dσ(z1)
    J = J @ a0.T / x.size
    return J

def J_b1 (x, y):
    a0, z1, a1, z2, a2, z3, a3 = network_function(x)
    J = 2 * (a3 - y) * dσ(z3)
    J = (J.T @ W3).T * dσ(z2)
    J = (J.T @ W2).T * dσ(z1)
    J = np.sum(J, axis=1, keepdims=True) / x.size
    return J

# ---- The helper module, as WORKSHEET_FACTS.md describes it ----------------------------------------------
def training_data(N=100):
    x = np.arange(0, 1, 1 / N)
    y = np.array([16 * np.sin(2 * np.pi * x) ** 3,
                  13 * np.cos(2 * np.pi * x) - 5 * np.cos(4 * np.pi * x)
                  - 2 * np.cos(6 * np.pi * x) - np.cos(8 * np.pi * x)]) / 20
    y = (y + 1) / 2
    return x.reshape(1, N), y

def train(x, y, iterations, aggression, noise):
    """plot_training's loop without the plotting: `while iterations >= 0` takes iterations + 1 steps."""
    global W1, W2, W3, b1, b2, b3
    while iterations >= 0:
        j_W1 = J_W1(x, y) * (1 + np.random.randn() * noise)
        j_W2 = J_W2(x, y) * (1 + np.random.randn() * noise)
        j_W3 = J_W3(x, y) * (1 + np.random.randn() * noise)
        j_b1 = J_b1(x, y) * (1 + np.random.randn() * noise)
        j_b2 = J_b2(x, y) * (1 + np.random.randn() * noise)
        j_b3 = J_b3(x, y) * (1 + np.random.randn() * noise)
        W1 = W1 - j_W1 * aggression
        W2 = W2 - j_W2 * aggression
        W3 = W3 - j_W3 * aggression
        b1 = b1 - j_b1 * aggression
        b2 = b2 - j_b2 * aggression
        b3 = b3 - j_b3 * aggression
        iterations -= 1
