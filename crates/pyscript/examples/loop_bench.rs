//! Times the interpreter on loop-heavy Python: plain function calls, instance attributes,
//! method calls, dicts and lists, the shapes of a data migration's loop. Run before and
//! after a change to the evaluator: `cargo run --release -p retort-pyscript --example loop_bench`.

use retort_pyscript::{Interp, Limits, STACK_SIZE};

const PROGRAM: &str = r#"
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)

def add(a, b):
    return a + b

total = 0
rows = []
for i in range(100000):
    p = Point(i, -i)
    total = add(total, p.norm1())
    total += p.x - p.y
    row = {"id": i, "label": "r%d" % i}
    if row["id"] % 3 == 0:
        rows.append(row["label"].upper())
print(total, len(rows))
"#;

fn main() {
    let runs = 5;
    let handle = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let module = Interp::parse("bench.py", PROGRAM).expect("parses");
            let mut best = f64::MAX;
            for _ in 0..runs {
                let mut interp = Interp::new(Limits {
                    max_steps: u64::MAX,
                    ..Limits::default()
                });
                let start = std::time::Instant::now();
                interp.exec_module(&module).expect("runs");
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                best = best.min(ms);
                print!("{}", interp.output);
            }
            println!("best of {runs}: {best:.1} ms");
        })
        .unwrap();
    handle.join().unwrap();
}
