import json

with open("config.json") as f:
    config = json.load(f)

print(f"debug={config['debug']} port={config['port']}")
