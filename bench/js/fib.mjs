// fib: naive doubly recursive Fibonacci, modulo 2^32.
// Same algorithm as samples/bench/{cisc32,risc32}/fib.s; prints fib(n).

function fib(n) {
  return n < 2 ? n : (fib(n - 1) + fib(n - 2)) >>> 0;
}

export default function run(n) {
  return String(fib(n >>> 0));
}
